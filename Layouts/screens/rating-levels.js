// The five levels of the national 好差评 rules and the reasons a bad rating may give: shared by the
// window's evaluator tablet and the resident's ticket page on the phone.

export const LEVELS = [
  { id: 'verySatisfied', zh: '非常满意', en: 'Very satisfied', bad: false, mouth: 'M30 62 Q50 84 70 62' },
  { id: 'satisfied', zh: '满意', en: 'Satisfied', bad: false, mouth: 'M32 64 Q50 76 68 64' },
  { id: 'basicallySatisfied', zh: '基本满意', en: 'Basically satisfied', bad: false, mouth: 'M32 68 L68 68' },
  { id: 'unsatisfied', zh: '不满意', en: 'Unsatisfied', bad: true, mouth: 'M32 72 Q50 62 68 72' },
  { id: 'veryUnsatisfied', zh: '非常不满意', en: 'Very unsatisfied', bad: true, mouth: 'M30 76 Q50 56 70 76' },
];

export const REASONS = [
  { zh: '等候时间过长', en: 'Waited too long' },
  { zh: '服务态度不好', en: 'Unfriendly service' },
  { zh: '办事效率低', en: 'Slow handling' },
  { zh: '一次性告知不清楚', en: 'Not told everything needed at once' },
  { zh: '要求提供不必要的材料', en: 'Asked for unnecessary documents' },
  { zh: '其他', en: 'Other' },
];
