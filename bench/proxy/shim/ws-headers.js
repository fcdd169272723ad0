// Preloaded by the node shim: require('ws') returns a WebSocket class whose handshakes carry the Host and Cookie
// headers of the bench server's tool host (FULL_PATH_WS_HOST, FULL_PATH_WS_COOKIE).
const Module = require('module');
const load = Module._load;
let patched;
Module._load = function (request, parent, isMain) {
  const exported = load.apply(this, arguments);
  if (request !== 'ws') return exported;
  if (!patched) {
    patched = class extends exported {
      constructor(address, protocols, options) {
        if (protocols && typeof protocols === 'object' && !Array.isArray(protocols)) {
          options = protocols;
          protocols = undefined;
        }
        const headers = Object.assign({}, options && options.headers, {
          Host: process.env.FULL_PATH_WS_HOST, Cookie: process.env.FULL_PATH_WS_COOKIE });
        super(address, protocols, Object.assign({}, options, { headers }));
      }
    };
  }
  return patched;
};
