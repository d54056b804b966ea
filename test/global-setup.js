/** Builds dist/ once before the suites: the durability tests run the real server as a child process. */
const { execSync } = require('node:child_process');

module.exports = async () => {
  execSync('npm run build --silent', { cwd: __dirname + '/..', stdio: 'inherit' });
};
