import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A .docx as LibreOffice (from Debian) prints it, into `work`: the PDF's path and each page's non-empty lines as
 * `pdftotext -layout` lays them out.
 */
export async function printDocx(work: string, name: string, docx: Buffer): Promise<{ pdf: string; pages: string[][] }> {
  const file = path.join(work, `${name}.docx`);
  writeFileSync(file, docx);
  // A profile of its own, so a LibreOffice another process has open does not take the conversion over.
  await run('libreoffice', [`-env:UserInstallation=file://${work}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', work, file], { timeout: 120_000 });
  const pdf = path.join(work, `${name}.pdf`);
  const { stdout } = await run('pdftotext', ['-layout', pdf, '-']);
  const pages = stdout.split('\f').filter((p) => p.trim() !== '').map((p) => p.split('\n').filter((l) => l.trim() !== ''));
  return { pdf, pages };
}
