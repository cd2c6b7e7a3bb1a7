import { rx } from './variants';

/**
 * Page chrome: what a web page or a saved file adds around a plan. None of it is plan text, and left in it would
 * glue itself to the last measure or pose as a heading.
 */
const CHROME_LINE = [
  // labelled page fields: 核心提示:, 地区:, 标签:, 发布时间:, 政策文号:, 有效性: …
  rx(
    '^(核心提示|地区|标签|来源|发布(部门|机构|时间|日期)|发文(机关|字号|日期)|成文日期|政策文号|文号|有效性|索引号|' +
      '主题分类|体裁分类|公文种类|信息来源|浏览次数|点击(数|次数|率)?|访问量|责任编辑|编辑|作者|字号|分享到?|打印|关闭)' +
      '[ \\t\\u3000]*[:：]',
  ),
  rx('^(【?打印本?页】?|【?关闭窗口】?|【?字体[:：]|上一篇|下一篇|返回顶部|相关(链接|阅读|文章|新闻|文件)|更多\\s*[>»＞]|扫一扫)'),
  rx('^(反对|举报|收藏|打赏|点赞|评论)\\s*\\d'),
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?(\s+\d+)?$/, // posting date, optionally with a view counter
  /^(https?:\/\/|www\.)\S+$/i,
  /^[^\s。，,；;]{1,80}\.(docx?|wps|pdf|xlsx?|txt|html?|ofd|rtf)$/i, // a file name left by the download
  rx('^[(（]此件[^)）]{0,12}[)）]$'), // (此件公开发布) (此件主动公开) …
  /^[-—–－]\s*\d{1,3}\s*[-—–－]$/, // page number
  rx('^第\\s*\\d+\\s*页(\\s*[/，,]?\\s*共\\s*\\d+\\s*页)?$'),
  rx('^附件\\s*\\d*\\s*[:：]?$'),
];

export function isChromeLine(trimmed: string): boolean {
  if (trimmed.length === 0) return false;
  for (const re of CHROME_LINE) if (re.test(trimmed)) return true;
  return false;
}

const SENTENCE_PUNCTUATION = /[。，,；;！!？?]/;

/**
 * A short line with no sentence punctuation at the very end of the document — a link list, a site footer, the
 * signature block — cannot be the end of a measure.
 */
export function isTrailingChrome(trimmed: string): boolean {
  return isChromeLine(trimmed) || (trimmed.length <= 24 && !SENTENCE_PUNCTUATION.test(trimmed));
}
