import { escapeHtml } from '../lib/escape';
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

// The faces of the Word file, then what a browser or phone has of the same kind.
const FANGSONG = `'仿宋_GB2312','FangSong_GB2312','仿宋','FangSong','STFangsong','Noto Serif CJK SC','Source Han Serif SC',serif`;
const XIAOBIAOSONG = `'方正小标宋简体','FZXiaoBiaoSong-B05S','华文中宋','STZhongsong','Noto Serif CJK SC','Source Han Serif SC',serif`;
const HEITI = `'黑体','SimHei','PingFang SC','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif`;
const RED = '#e00';

/**
 * The 通报's text as the Word file prints it, for a page to show before the office issues it: the same lines in the
 * same order and faces (版头, 标题, 主送, 正文, 署名 and 成文日期, 版记), sized in em of the body type so it reads on a
 * phone and in print. A fragment with inline styles only (the pages' CSP allows those, and no script), every text
 * escaped.
 */
export function renderNoticeHtml(notice: TNotice): string {
  const sign = signatureIndents(notice);
  const text = (s: string) => escapeHtml(s);
  const p = (style: string, content: string) => `<p style="margin:0;${style}">${content}</p>`;
  const body = noticeBody(notice)
    .map((b) =>
      b.kind === 'heading'
        ? p(`text-indent:2em;font-family:${HEITI}`, text(b.text))
        : p('text-indent:2em;text-align:justify', text(b.text)),
    )
    .join('\n');
  const cc = copyToLine(notice);
  const printed = printedLine(notice);
  return `<article class="notice-preview" lang="zh-CN" style="box-sizing:border-box;max-width:32em;margin:0 auto;padding:2em 1.5em;background:#fff;color:#000;font-family:${FANGSONG};font-size:clamp(15px,4.4vw,21px);line-height:1.81;overflow-wrap:anywhere">
<header>
${p(`text-align:center;color:${RED};font-family:${XIAOBIAOSONG};font-size:${mastheadScale(notice).toFixed(3)}em;line-height:1.3;margin-top:1em`, text(notice.masthead))}
${p(`text-align:center;margin-top:2em;padding-bottom:.3em;border-bottom:2px solid ${RED}`, text(docNumberText(notice.docNumber)))}
</header>
<h1 style="margin:2em 0 1em;text-align:center;font-weight:normal;font-family:${XIAOBIAOSONG};font-size:1.375em;line-height:1.5">${titleLines(notice).map(text).join('<br>')}</h1>
${p('', text(recipientsLine(notice)))}
${body}
<div style="margin-top:1.81em;text-align:right">
${p(`padding-right:${sign.issuer}em`, text(notice.issuer))}
${p(`padding-right:${sign.date}em`, text(noticeDateText(notice.signedOn)))}
</div>
<footer style="margin-top:3em;font-size:.875em;border-top:2px solid #000;border-bottom:2px solid #000">
${cc ? p('padding:0 1em 0 4em;text-indent:-3em;border-bottom:1px solid #000', text(cc)) : ''}
<p style="margin:0;padding:0 1em;display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 1em"><span>${text(printed.by)}</span><span>${text(printed.on)}</span></p>
</footer>
</article>`;
}
