import { ZNoticeSchema, type TNotice, type TNoticeInput } from '../../report/notice-model';

const AREAS = ['张家港市', '常熟市', '太仓市', '昆山市', '吴江区', '吴中区', '相城区', '姑苏区', '苏州工业园区', '苏州高新区'];
const DEPARTMENTS = ['市发展改革委', '市工业和信息化局', '市市场监管局', '市住房城乡建设局', '市交通运输局', '市农业农村局', '市商务局', '市卫生健康委', '市生态环境局', '市应急管理局'];

/** A 苏州 2026 year-end 通报 as the 考核 drafter would make it: a lead-in, 表扬, 批评 and 工作要求. */
export function suzhouNotice(overrides: Partial<TNoticeInput> = {}): TNotice {
  return ZNoticeSchema.parse({
    masthead: '苏州市质量强市工作领导小组办公室文件',
    docNumber: { prefix: '苏质强办', year: 2026, seq: 3 },
    title: '关于2026年度质量工作考核结果的通报',
    recipients: '各市、区人民政府（管委会），市各有关部门和单位',
    sections: [
      {
        paragraphs: [
          '根据《苏州市质量工作考核管理办法》和《苏州市2026年度质量工作考核方案》，市质量强市工作领导小组办公室对各市、区人民政府和相关部门2026年度质量工作开展了考核。现将考核结果通报如下。',
        ],
      },
      {
        kind: 'praise',
        heading: '通报表扬',
        paragraphs: ['经考核，以下单位全年各项报告按期报送并通过审核，质量工作成效明显，予以通报表扬：'],
        units: [
          { unit: '张家港市人民政府', reason: '全年12项措施均按期办结，质量强市指标全部达到年度目标' },
          { unit: '市市场监管局', reason: '牵头的8项措施按期报送、无一退回，制造业产品质量合格率达到94.2%' },
        ],
      },
      {
        kind: 'criticism',
        heading: '通报批评',
        paragraphs: ['以下单位有措施被督办或超期未办，予以通报批评：'],
        units: [{ unit: '市交通运输局', reason: '“公路工程质量提升”一项超期45个工作日未办结，经两次督办仍未报送进展' }],
      },
      {
        heading: '工作要求',
        paragraphs: ['希望受到表扬的单位再接再厉，受到批评的单位认真整改，并于2027年1月15日前将整改情况报市质量强市工作领导小组办公室。'],
      },
    ],
    issuer: '苏州市质量强市工作领导小组办公室',
    signedOn: '2026-12-07',
    copyTo: ['市委办公室', '市人大常委会办公室', '市政府办公室', '市政协办公室'],
    printedBy: '苏州市质量强市工作领导小组办公室',
    printedOn: '2026-12-08',
    ...overrides,
  });
}

/** Twenty units praised with reasons long enough to fill a second page from its first line to its last. */
export function longNotice(): TNotice {
  const base = suzhouNotice();
  const units = [...AREAS, ...DEPARTMENTS].map((unit, i) => ({
    unit,
    reason: `全年承担的${i + 4}项措施均按期报送进展并通过审核，未发生催办和督办，牵头指标达到或超过年度目标值，质量工作机制健全`,
  }));
  return ZNoticeSchema.parse({ ...base, sections: base.sections.map((s) => (s.kind === 'praise' ? { ...s, units } : s)) });
}

/** Names and texts a hostile or careless hand could type: markup, entities, CDATA ends, quotes, a Word field. */
export const HOSTILE = {
  unit: `<script>alert("单位")</script>&amp;'局'`,
  reason: `理由</style><img src=x onerror="window.__pwned=1"> & < > ]]> "双引号" '单引号' {PAGE} \\t`,
  title: `关于</title><b>表扬</b>&nbsp;的通报`,
  issuer: `办公室"><w:r><w:t>注入</w:t></w:r>`,
  paragraph: `正文<!-- 注释 --><![CDATA[ x ]]>&#x3C;script&#x3E;`,
};

export function hostileNotice(): TNotice {
  return suzhouNotice({
    masthead: `${HOSTILE.issuer}文件`,
    title: HOSTILE.title,
    recipients: `<各单位>&"主送"`,
    sections: [
      { paragraphs: [HOSTILE.paragraph] },
      { kind: 'praise', heading: `表扬<i>`, units: [{ unit: HOSTILE.unit, reason: HOSTILE.reason }] },
      { kind: 'criticism', heading: '批评', units: [{ unit: `'单位'"乙"</style>`, reason: `<w:p/>` }] },
    ],
    issuer: HOSTILE.issuer,
    copyTo: [`</td><td>抄送&`],
    printedBy: `印发<机关>`,
  });
}
