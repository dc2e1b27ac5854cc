/** Chinese strings of the admin feature (merged into the app's messages under the key 'admin'). */
const messages = {
};

export default messages;
