import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  RelativeVerticalPosition,
  Tab,
  TabStopType,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
} from 'docx';
import JSZip from 'jszip';
import { visibleText } from '../lib/escape';
import {
  copyToLine,
  docNumberText,
  mastheadScale,
  noticeBody,
  noticeDateText,
  printedLine,
  recipientsLine,
  signatureIndents,
  titleLines,
  type TNotice,
} from './notice-model';

/**
 * The page of GB/T 9704-2012, in twips (1/1440 inch): A4, margins 37/35/28/26 mm, leaving the 156 × 225 mm 版心
 * that holds 22 lines of 28 characters of 3号 (16 pt) type.
 */
const mm = (x: number) => Math.round((x / 25.4) * 1440);
export const NOTICE_PAGE = {
  width: mm(210),
  height: mm(297),
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
  linesPerPage: 22,
  charsPerLine: 28,
} as const;
const TEXT_WIDTH = NOTICE_PAGE.width - NOTICE_PAGE.margin.left - NOTICE_PAGE.margin.right;
const TEXT_HEIGHT = NOTICE_PAGE.height - NOTICE_PAGE.margin.top - NOTICE_PAGE.margin.bottom;
/** 579 twips (28.95 pt): the largest pitch at which 22 lines fit the 225 mm 版心. */
export const LINE_PITCH = Math.floor(TEXT_HEIGHT / NOTICE_PAGE.linesPerPage);
/** One character of the line: 28 of them fill the 156 mm line, so each is a little narrower than 16 pt. */
const CHAR = TEXT_WIDTH / NOTICE_PAGE.charsPerLine;

/** Half-points, as Word sizes type: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
const SIZE = { 二号: 44, 三号: 32, 四号: 28 } as const;
const BODY_PT = SIZE.三号 / 2;
/**
 * 28 characters a line: every 3号 run is set 0.25 pt tighter (in twentieths of a point, rounded up so 28 always fit).
 * Word's grid of lines and characters would do the same by a negative character pitch, but LibreOffice cannot narrow
 * a character through the grid (it spreads each 16 pt character over two 15.74 pt cells, 17 a line), while Word, WPS
 * and LibreOffice all honour run spacing. The grid keeps the lines: 22 a page at the pitch below.
 */
export const BODY_TIGHTENING = -Math.ceil((BODY_PT - CHAR / 20) * 20);

/**
 * The fonts named on every run, as Word and WPS know them (the names Chinese offices install), each with the font
 * that stands in where it is missing: the font table's altName, which Word and LibreOffice try before guessing from
 * the stored charset, family and pitch (GB2312, so the guess is still a Chinese face).
 */
export const NOTICE_FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  pageNumber: '宋体',
} as const;
const FONT_TABLE: { name: string; altName: string; panose: string; family: string; pitch: string }[] = [
  { name: NOTICE_FONTS.title, altName: '方正小标宋_GBK,华文中宋,宋体', panose: '02000000000000000000', family: 'auto', pitch: 'variable' },
  { name: NOTICE_FONTS.body, altName: '仿宋,FangSong', panose: '02010609030101010101', family: 'modern', pitch: 'fixed' },
  { name: NOTICE_FONTS.heading, altName: 'SimHei', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
  { name: NOTICE_FONTS.pageNumber, altName: 'SimSun', panose: '02010600030101010101', family: 'auto', pitch: 'variable' },
];
const RED = 'FF0000';

/**
 * A run in one face for every script, with the East-Asian hint, so Word and WPS never fall back to a Latin font; 3号
 * runs are tightened to 28 a line.
 */
function run(text: string | (string | Tab | (typeof PageNumber)[keyof typeof PageNumber])[], font: string, size: number, extra: { color?: string } = {}): TextRun {
  return new TextRun({
    ...(typeof text === 'string' ? { text: visibleText(text) } : { children: text.map((t) => (typeof t === 'string' ? visibleText(t) : t)) }),
    font: face(font),
    size,
    sizeComplexScript: size,
    language: LANG,
    ...(size === SIZE.三号 ? { characterSpacing: BODY_TIGHTENING } : {}),
    ...extra,
  });
}
const face = (font: string) => ({ ascii: font, hAnsi: font, eastAsia: font, cs: font, hint: 'eastAsia' });
const LANG = { value: 'zh-CN', eastAsia: 'zh-CN' };
const BODY_RUN = { font: face(NOTICE_FONTS.body), size: SIZE.三号, sizeComplexScript: SIZE.三号, characterSpacing: BODY_TIGHTENING, language: LANG };

/** Every line of the body sits on the 579-twip pitch: exact spacing, nothing before or after. */
const ON_PITCH = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;
/**
 * Every page full, 22 lines (no widow and orphan control moving a line over), and no extra space between Chinese and
 * Arabic numerals (2026年, not 2026 年) in Word and WPS; LibreOffice ignores the setting and adds a little.
 */
function paragraph(options: IParagraphOptions): Paragraph {
  return new Paragraph({ spacing: ON_PITCH, widowControl: false, autoSpaceEastAsianText: false, ...options });
}
const blankLine = () => paragraph({ children: [run('', NOTICE_FONTS.body, SIZE.三号)] });
const indentChars = (n: number) => Math.round(n * CHAR);

/** A paragraph of the body: justified, its first line two characters in, wrapped lines flush left. */
function bodyParagraph(text: string, font: string = NOTICE_FONTS.body): Paragraph {
  return paragraph({
    alignment: AlignmentType.JUSTIFIED,
    // Word reads the indent in characters, LibreOffice the twips; both say two characters.
    indent: { firstLine: indentChars(2), firstLineChars: 200 },
    children: [run(text, font, SIZE.三号)],
  });
}

/**
 * The 通报 as a Word file laid out by GB/T 9704-2012: 版头 (red 发文机关标志, 发文字号 with 〔〕, red rule), title
 * in 2号小标宋, 主送, body in 3号仿宋, 22 lines of 28 characters a page, headings 一、 in 黑体, units listed 1. 2.,
 * 署名 and 成文日期 placed as for a document without a seal, 版记 (抄送, 印发机关 and 印发日期 between rules) at the
 * foot of the last page, page numbers "— 1 —" in 4号宋体 on the outside edge (odd pages right, even pages left).
 */
export async function renderNoticeDocx(notice: TNotice): Promise<Buffer> {
  const sign = signatureIndents(notice);
  const mastheadSize = Math.floor(mastheadScale(notice) * SIZE.三号);
  const children = [
    // 发文机关标志: its top edge 35 mm below the 版心's, red, centred, one line. An exact line 1.2 × the type's size
    // puts the glyphs' top a tenth of the size (in twips: the half-points) below the line's.
    paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: Math.round(mastheadSize * 12), lineRule: LineRuleType.EXACT, before: mm(35) - mastheadSize, after: 0 },
      children: [run(notice.masthead, NOTICE_FONTS.title, mastheadSize, { color: RED })],
    }),
    blankLine(),
    blankLine(),
    // 发文字号 two lines below, centred; the red rule 4 mm under it, as wide as the 版心.
    paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 } },
      children: [run(docNumberText(notice.docNumber), NOTICE_FONTS.body, SIZE.三号)],
    }),
    blankLine(),
    blankLine(),
    ...titleLines(notice).map((line) => paragraph({ alignment: AlignmentType.CENTER, children: [run(line, NOTICE_FONTS.title, SIZE.二号)] })),
    blankLine(),
    // 主送: flush left, wrapped lines flush left too, ending with a full-width colon.
    paragraph({ alignment: AlignmentType.JUSTIFIED, children: [run(recipientsLine(notice), NOTICE_FONTS.body, SIZE.三号)] }),
    ...noticeBody(notice).map((b) => bodyParagraph(b.text, b.kind === 'heading' ? NOTICE_FONTS.heading : NOTICE_FONTS.body)),
    blankLine(),
    rightParagraph(notice.issuer, sign.issuer),
    rightParagraph(noticeDateText(notice.signedOn), sign.date),
    colophon(notice),
    // A table ends on a paragraph; this one anchors the 版记 and prints nothing.
    paragraph({ spacing: { line: 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, children: [run('', NOTICE_FONTS.body, 2)] }),
  ];

  const doc = new Document({
    title: visibleText(titleLines(notice).join('')),
    creator: visibleText(notice.printedBy),
    evenAndOddHeaderAndFooters: true,
    styles: {
      // Text a person adds in Word starts as the body: 3号仿宋 on the pitch.
      default: { document: { run: BODY_RUN, paragraph: { spacing: ON_PITCH } } },
      paragraphStyles: [{ id: 'Normal', name: 'Normal', quickFormat: true, run: BODY_RUN, paragraph: { spacing: ON_PITCH } }],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: NOTICE_PAGE.width, height: NOTICE_PAGE.height },
            margin: { ...NOTICE_PAGE.margin, header: mm(15), footer: FOOTER_DISTANCE, gutter: 0 },
          },
          grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
  return withFontTable(await Packer.toBuffer(doc));
}

function rightParagraph(text: string, blankChars: number): Paragraph {
  return paragraph({ alignment: AlignmentType.RIGHT, indent: { right: indentChars(blankChars) }, children: [run(text, NOTICE_FONTS.body, SIZE.三号)] });
}

// 页码: 4号 半角宋体, a 一字线 either side, the line 7 mm below the 版心; odd pages one character from the right edge,
// even pages one from the left, as 7.5 of the standard places them for printing on both sides.
const FOOTER_LINE = Math.round(SIZE.四号 * 12);
const FOOTER_DISTANCE = NOTICE_PAGE.margin.bottom - mm(7) - Math.round(FOOTER_LINE / 2);
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const oneChar = SIZE.四号 * 10;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
        spacing: { line: FOOTER_LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        children: [run(['— ', PageNumber.CURRENT, ' —'], NOTICE_FONTS.pageNumber, SIZE.四号)],
      }),
    ],
  });
}

/**
 * 版记: 抄送 and 印发机关/印发日期 in 4号仿宋 between rules as wide as the 版心 (the first and last 0.35 mm, the one
 * between 0.25 mm), one character in from either side; a table floating at the foot of the text area, so the last
 * rule lies on the 版心's lower edge of the last page.
 */
function colophon(notice: TNotice): Table {
  const thick: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const oneChar = SIZE.四号 * 10;
  const width = TEXT_WIDTH;
  const printed = printedLine(notice);
  const cc = copyToLine(notice);
  const rows = [
    // 抄送's wrapped lines align under the first name, after the colon.
    ...(cc ? [paragraph({ indent: { left: 4 * oneChar, hanging: 3 * oneChar, right: oneChar }, children: [run(cc, NOTICE_FONTS.body, SIZE.四号)] })] : []),
    paragraph({
      indent: { left: oneChar, right: oneChar },
      tabStops: [{ type: TabStopType.RIGHT, position: width - oneChar }],
      children: [run(printed.by, NOTICE_FONTS.body, SIZE.四号), run([new Tab()], NOTICE_FONTS.body, SIZE.四号), run(printed.on, NOTICE_FONTS.body, SIZE.四号)],
    }),
  ];
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width],
    layout: TableLayoutType.FIXED,
    float: {
      horizontalAnchor: TableAnchorType.PAGE,
      absoluteHorizontalPosition: NOTICE_PAGE.margin.left,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
    },
    borders: { top: thick, bottom: thick, left: none, right: none, insideHorizontal: thin, insideVertical: none },
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    rows: rows.map((p) => new TableRow({ children: [new TableCell({ width: { size: width, type: WidthType.DXA }, children: [p] })] })),
  });
}

/**
 * The docx package writes an empty font table (it lists only fonts it embeds), so the table of the fonts the runs
 * name, with their stand-ins, is written into the package afterwards.
 */
async function withFontTable(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const fonts = FONT_TABLE.map(
    (f) =>
      `<w:font w:name="${f.name}"><w:altName w:val="${f.altName}"/><w:panose1 w:val="${f.panose}"/><w:charset w:val="86"/>` +
      `<w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/>` +
      // Code page 936 (GB2312) and the CJK Unicode ranges: what Word matches a substitute on.
      `<w:sig w:usb0="00000001" w:usb1="080E0000" w:usb2="00000010" w:usb3="00000000" w:csb0="00040000" w:csb1="00000000"/></w:font>`,
  ).join('');
  zip.file(
    'word/fontTable.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}</w:fonts>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
