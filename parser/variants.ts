/**
 * Plans arrive in simplified or traditional script, and the parser must match the same words in both without
 * converting the text (names are reported as written). Patterns are written once in simplified characters and
 * widened here: every character with a traditional form becomes a class holding both.
 */
const PAIRS =
  '负負责責牵牽头頭实實职職门門单單务務协協参參与與关關为為时時间間项項达達亿億万萬个個张張计計划劃发發' +
  '区區县縣镇鎮乡鄉办辦厅廳会會队隊处處馆館团團构構织織导導领領质質监監标標签簽来來点點击擊链鏈阅閱读讀' +
  '载載页頁号號览覽类類级級应應长長总總结結经經济濟农農业業设設备備环環卫衛认認证證规規范範围圍进進报報' +
  '创創争爭树樹养養线線过過于於内內续續连連岁歲届屆条條户戶册冊辆輛吨噸亩畝场場厂廠台臺种種贝貝稳穩' +
  '确確现現动動开開统統数數额額强強减減机機构構齐齊组組织織联聯军軍学學馆館园園协協务務员員话話览覽' +
  '补補贴貼资資奖獎励勵给給拨撥扶扶钱錢费費预預算算级級书書规規则則态態网網址址览覽载載转轉复複' +
  '论論请請传傳权權历歷属屬录錄议議问問题題虽雖后後围圍阶階段段步步骤驟进進度度排排间間节節' +
  '盖蓋况況划劃较較宽寬础礎织織达達龄齡岗崗税稅气氣邮郵铁鐵烟菸电電检檢验驗疫疫银銀证證' +
  '务務办辦则則标標签簽对對满滿据據别別体體并並国國驻駐将將积積极極财財简簡称稱详詳见見试試暂暫浏瀏访訪编編辑輯' +
  '闭閉顶頂闻聞扫掃举舉赏賞赞贊评評从從当當还還决決术術采採带帶车車声聲离離华華记記观觀装裝众衆须須际際断斷' +
  '难難约約劳勞准準维維选選写寫层層专專状狀识識适適调調细細该該价價严嚴码碼损損势勢纲綱钟鍾顷頃栋棟余餘训訓' +
  '纳納帮幫占佔'; // pairs are (simplified, traditional), repeats are harmless

const TRADITIONAL: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const chars = [...PAIRS];
  for (let i = 0; i + 1 < chars.length; i += 2) {
    const simplified = chars[i]!;
    const traditional = chars[i + 1]!;
    if (simplified !== traditional) map.set(simplified, traditional);
  }
  return map;
})();

/** Widens a regular-expression source written in simplified characters to match traditional text too. */
export function bothScripts(source: string): string {
  let out = '';
  let inClass = false;
  let escaped = false;
  for (const ch of source) {
    if (escaped) {
      out += ch;
      escaped = false;
      continue;
    }
    if (ch === '\\') {
      out += ch;
      escaped = true;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    const traditional = TRADITIONAL.get(ch);
    if (traditional === undefined) out += ch;
    else out += inClass ? ch + traditional : `[${ch}${traditional}]`;
  }
  return out;
}

/** `new RegExp(bothScripts(source), flags)`. */
export function rx(source: string, flags = ''): RegExp {
  return new RegExp(bothScripts(source), flags);
}
