/* global require, process, module */
// Electron's install script downloads its binary through this module (npm
// overrides put it in place of @electron/get for the electron package only).
// The real downloader does the work; when it fails inside `npm install` (a
// machine that cannot reach the download host), the install goes on:
// `npm start` fetches the binary on its first launch, and `npm run web`,
// the tests and the typecheck need no binary at all.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- electron's install script loads this module with require().
const upstream = require('@electron/get-upstream');

const duringInstall = process.env.npm_lifecycle_event === 'postinstall' || process.env.npm_lifecycle_event === 'install';

module.exports = {
  ...upstream,
  async downloadArtifact(options) {
    try {
      return await upstream.downloadArtifact(options);
    } catch (error) {
      if (!duringInstall) throw error;
      process.stderr.write(`electron: the binary could not be downloaded now (${String(error && error.message).slice(0, 160)}); \`npm start\` fetches it on first launch.\n`);
      process.exit(0);
    }
  },
};
