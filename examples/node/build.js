// Writes dist/index.html from src/index.html, stamping the Node version that built it;
// plain node, so `npm install` has nothing to fetch.
const fs = require("fs");
const path = require("path");

const page = fs.readFileSync(path.join(__dirname, "src", "index.html"), "utf8")
    .replace("{{node}}", process.version);
fs.mkdirSync(path.join(__dirname, "dist"), { recursive: true });
fs.writeFileSync(path.join(__dirname, "dist", "index.html"), page);
console.log("wrote dist/index.html");
