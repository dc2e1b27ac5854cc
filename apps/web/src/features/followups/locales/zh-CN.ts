/** Chinese strings of this feature (merged into the app's messages under the key 'followups'). */
const messages = {
  title: '',
};

export default messages;
