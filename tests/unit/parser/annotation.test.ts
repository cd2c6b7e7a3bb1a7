import { describe, expect, it } from 'vitest';
import { adminPrefix, parseAnnotation, splitUnitList } from '../../../parser/annotation';

describe('parseAnnotation', () => {
  it.each([
    ['市场监管局负责', ['市场监管局'], [], 'lead'],
    ['市质监局、市工商局负责', ['市质监局', '市工商局'], [], 'shared'],
    ['市质监局,市建设交通委、市农委负责', ['市质监局', '市建设交通委', '市农委'], [], 'shared'],
    ['市质监局牵头,各成员单位配合', ['市质监局'], ['各成员单位'], 'lead'],
    ['市质监局牵头，市工商局配合落实', ['市质监局'], ['市工商局'], 'lead'],
    ['市质监局负责，市工商局配合', ['市质监局'], ['市工商局'], 'lead'],
    ['农业农村委、市场监管局按职责分工', ['农业农村委', '市场监管局'], [], 'shared'],
    ['A局、B局按各自职责分工负责,C局配合落实', ['A局', 'B局'], ['C局'], 'shared'],
    ['责任部门:区经信委、区财政局', ['区经信委', '区财政局'], [], 'shared'],
    ['责任部门：区市场监管局', ['区市场监管局'], [], 'shared'],
    ['责任单位:市住建局;配合单位:市交通局', ['市住建局'], ['市交通局'], 'lead'],
    ['牵头单位：市人社局，配合单位：市教育局、市总工会', ['市人社局'], ['市教育局', '市总工会'], 'lead'],
    ['由市政府办公室牵头负责', ['市政府办公室'], [], 'lead'],
    ['市質監局、市商務委等部門負責', ['市質監局', '市商務委'], [], 'shared'],
    ['市中小企業局等部門及有關企業總公司負責', ['市中小企業局', '有關企業總公司'], [], 'shared'],
    ['各區縣人民政府和市質監局、市財政局等部門負責', ['各區縣人民政府', '市質監局', '市財政局'], [], 'shared'],
    ['責任單位：市發改委、市財政局（第一責任單位為牽頭單位）', ['市發改委'], ['市財政局'], 'lead'],
    ['工业和信息化部负责，2018年12月底前取得阶段性成果', ['工业和信息化部'], [], 'lead'],
    ['市工业和信息化局、文化和旅游局负责', ['市工业和信息化局', '市文化和旅游局'], [], 'shared'],
    ['工业和信息化局、文化和旅游局负责', ['工业和信息化局', '文化和旅游局'], [], 'shared'],
    ['6月底完成，牵头考核单位：市政府办公室、市公安局', ['市政府办公室', '市公安局'], [], 'lead'],
    ['5月底取得阶段性成效并持续推进，牵头考核单位：市审批服务局', ['市审批服务局'], [], 'lead'],
    ['牵头单位：市科技局、市发展改革委，责任单位：市工业和信息化局', ['市科技局', '市发展改革委'], ['市工业和信息化局'], 'lead'],
    ['牵头单位：市委组织部，配合单位：市委宣传部、各有关单位，各区、县级市', ['市委组织部'], ['市委宣传部', '各有关单位', '各区', '县级市'], 'lead'],
    ['省委教育工委、省委宣传部、团省委负责，列第一位者为牵头部门，下同', ['省委教育工委'], ['省委宣传部', '团省委'], 'lead'],
    ['牵头单位：市委组织部，配合单位：市民营经济局', ['市委组织部'], ['市民营经济局'], 'lead'],
    ['市发改委牵头，市财政局配合，下同', ['市发改委'], ['市财政局'], 'lead'],
    // a group named by its role (…牵头单位, …牵头部门) is one unit; its role here is the word after it
    ['省商务厅牵头，省十大新兴产业推进组工作专班牵头单位按职责分工负责', ['省商务厅'], ['省十大新兴产业推进组工作专班牵头单位'], 'lead'],
    ['市专班牵头单位牵头，市专班成员单位按职责分工配合', ['市专班牵头单位'], ['市专班成员单位'], 'lead'],
    ['省发展改革委、省科技厅、省“十强产业”协调推进机制牵头部门负责', ['省发展改革委', '省科技厅', '省“十强产业”协调推进机制牵头部门'], [], 'shared'],
    ['各项目牵头单位负责', ['各项目牵头单位'], [], 'lead'],
    ['省大數據局牽頭，省有關部門具體實施', ['省大數據局'], ['省有關部門'], 'lead'],
  ])('(%s)', (content, lead, cooperating, responsibility) => {
    expect(parseAnnotation(content, false)).toEqual({ lead, cooperating, responsibility });
  });

  it.each([
    ['盟科技局牽頭,盟發改委、市場監管局配合落實', ['盟科技局'], ['盟發改委', '盟市場監管局']],
    ['区住建局牵头，交通局、财政局配合', ['区住建局'], ['区交通局', '区财政局']],
    ['市场监管局牵头，发改委配合', ['市场监管局'], ['发改委']],
    ['区经信委牵头，西部新城管委会、各镇街、天津海关配合', ['区经信委'], ['西部新城管委会', '各镇街', '天津海关']],
  ])('inherits the first unit’s administrative prefix inside one annotation: (%s)', (content, lead, cooperating) => {
    expect(parseAnnotation(content, false)).toMatchObject({ lead, cooperating });
  });

  it('makes the first listed unit the lead when the plan says so', () => {
    expect(parseAnnotation('区工信局、区科技局负责', true)).toEqual({
      lead: ['区工信局'],
      cooperating: ['区科技局'],
      responsibility: 'lead',
    });
  });

  it.each(['试行', '2011-2020年', '此件公开发布', '苏州', '点', '主要负责人', '谁出证、谁负责，谁签字、谁担责。', '抓好落实', 'WTO/TBT—SPS'])(
    'is not an annotation: (%s)',
    (content) => {
      expect(parseAnnotation(content, false)).toBeNull();
    },
  );

  it('accepts an annotation that names nobody, so that it can be flagged', () => {
    expect(parseAnnotation('负责', false)).toEqual({ lead: [], cooperating: [], responsibility: 'unspecified' });
  });

  it('accepts a bare closing clause only when every name reads as a unit', () => {
    expect(parseAnnotation('区发改委牵头，区财政局配合', false, 'bare-clause')).toMatchObject({ lead: ['区发改委'] });
    expect(parseAnnotation('各地要抓好落实', false, 'bare-clause')).toBeNull();
    expect(parseAnnotation('企业要切实负责', false, 'bare-clause')).toBeNull();
  });

  it('accepts a parenthesised list without role words only when every name reads as a unit', () => {
    expect(parseAnnotation('市发改委、市财政局', false, 'bare-list')).toEqual({
      lead: ['市发改委', '市财政局'],
      cooperating: [],
      responsibility: 'shared',
    });
    for (const content of ['试行', '苏州', '2011-2020年', '以下简称市质监局', '点', '含县级市']) {
      expect(parseAnnotation(content, false, 'bare-list')).toBeNull();
    }
  });
});

describe('splitUnitList', () => {
  it.each([
    ['各区、县级市', ['各区', '县级市']],
    ['各旗(區)政府(管委會)、盟財政局', ['各旗(區)政府(管委會)', '盟財政局']],
    ['市住房和城乡建设局及各区政府', ['市住房和城乡建设局', '各区政府']],
    ['人力资源和社会保障局与市财政局', ['人力资源和社会保障局', '市财政局']],
    ['市发改委 市财政局', ['市发改委', '市财政局']],
    ['和平区人民政府', ['和平区人民政府']],
    ['市财政局和平区人民政府', ['市财政局', '和平区人民政府']],
    ['市财政局、和平区人民政府', ['市财政局', '和平区人民政府']],
    ['市财政局和区人民政府', ['市财政局', '区人民政府']],
  ])('%s', (list, names) => {
    expect(splitUnitList(list)).toEqual(names);
  });
});

describe('adminPrefix', () => {
  it.each([
    ['市质监局', '市'],
    ['区市场监管局', '区'],
    ['盟發改委', '盟'],
    ['市场监管局', null],
    ['市場監管局', null],
    ['县级市人民政府', null],
    ['发改委', null],
  ])('%s → %s', (name, prefix) => {
    expect(adminPrefix(name)).toBe(prefix);
  });
});
