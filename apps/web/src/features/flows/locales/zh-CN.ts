/** Chinese strings of this feature (merged into the app's messages under the key 'flows'). */
const messages = {
  title: '',
};

export default messages;
