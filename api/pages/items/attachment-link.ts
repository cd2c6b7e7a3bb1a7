import type { TShownAttachment } from '../../../services/evidence/report-attachments';
import { safeUrl } from '../../../lib/escape';
import { html, type Raw } from '../html';

/**
 * A report's or a 落实情况's link to a document (one whose address is not the web's, a `javascript:` one, is shown as
 * its title only), or a file uploaded with it, opened through its access check.
 */
export function attachmentLink(x: TShownAttachment): Raw {
  if ('fileId' in x) return html`<a href="/api/files/${x.fileId}" data-file="${x.fileId}" target="_blank">${x.name}</a> `;
  const url = safeUrl(x.url);
  return url ? html`<a href="${url}" rel="noopener noreferrer" target="_blank">${x.title}</a> ` : html`<span>${x.title}</span> `;
}
