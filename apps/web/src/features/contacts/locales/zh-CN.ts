/** Chinese strings of this feature (merged into the app's messages under the key 'contacts'). */
const messages = {
  title: '联系人', singular: '联系人',
  role: { decisionMaker: '决策人', influencer: '影响者', user: '使用者', purchaser: '采购', finance: '财务' },
  keyDecisionMaker: '关键决策人', primary: '首要联系人',
  ofCustomer: {
    title: '联系人', add: '添加联系人', empty: '这个客户还没有联系人', chain: '决策链',
    noRole: '未设置角色', name: '姓名', jobTitle: '职务', mobile: '手机', role: '决策角色',
  },
};

export default messages;
