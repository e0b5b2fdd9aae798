// The node-opcua baseline of `twinua bench subscriptions`: a node-opcua server on loopback
// (SecurityPolicy None, anonymous) serving TAGS Double tags, namespace NAMESPACE, s=Gen.00000 ..,
// which all change every PERIOD_MS as the PLC simulator's generated tags do (DemoPlant: even i a
// counter n, odd i a sine 0..100 of period 60 updates, phase i). Prints "ready <url>" once clients
// can subscribe. Its certificate (made on first start) goes to PKI_DIR, nothing to $HOME.
// Usage: node server.js PORT TAGS PERIOD_MS PKI_DIR
const path = require("node:path");
const { OPCUAServer } = require("node-opcua-server");
const { OPCUACertificateManager } = require("node-opcua-certificate-manager");
const { SecurityPolicy } = require("node-opcua-secure-channel");
const { MessageSecurityMode } = require("node-opcua-service-secure-channel");
const { StatusCodes } = require("node-opcua-status-code");
const { DataType } = require("node-opcua-variant");

const NAMESPACE = "urn:twinua:bench:node-opcua";
const SINE_PERIOD = 60;

function tagName(i) {
  return "Gen." + String(i).padStart(5, "0");
}

function valueOf(i, n) {
  if (i % 2 === 0) {
    return n;
  }
  return 50 + 50 * Math.sin((2 * Math.PI * ((n + i) % SINE_PERIOD)) / SINE_PERIOD);
}

async function main() {
  const [port, tags, periodMs] = process.argv.slice(2, 5).map(Number);
  const pki = process.argv[5];
  if (!(port > 0 && tags > 0 && periodMs > 0 && pki)) {
    throw new Error("usage: node server.js PORT TAGS PERIOD_MS PKI_DIR");
  }
  const server = new OPCUAServer({
    host: "127.0.0.1",
    hostname: "127.0.0.1",
    port,
    securityPolicies: [SecurityPolicy.None],
    securityModes: [MessageSecurityMode.None],
    allowAnonymous: true,
    serverCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(pki, "server") }),
    userCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(pki, "user") }),
  });
  await server.initialize();
  const namespace = server.engine.addressSpace.registerNamespace(NAMESPACE);
  const folder = namespace.addFolder(server.engine.addressSpace.rootFolder.objects, { browseName: "Gen" });
  const variables = [];
  for (let i = 0; i < tags; i++) {
    variables.push(namespace.addVariable({
      componentOf: folder,
      nodeId: "s=" + tagName(i),
      browseName: tagName(i),
      dataType: "Double",
      // 0: a monitored item asking for sampling 0 is event driven, notified on each change
      minimumSamplingInterval: 0,
      value: { dataType: DataType.Double, value: valueOf(i, 0) },
    }));
  }
  let n = 0;
  const start = Date.now();
  const update = () => {
    n++;
    const time = new Date(start + n * periodMs);
    for (let i = 0; i < variables.length; i++) {
      variables[i].setValueFromSource({ dataType: DataType.Double, value: valueOf(i, n) }, StatusCodes.Good, time);
    }
    // fixed rate like the simulator: a late update shortens the next wait instead of drifting
    setTimeout(update, Math.max(0, start + (n + 1) * periodMs - Date.now()));
  };
  setTimeout(update, periodMs);
  await server.start();
  process.stdout.write(`ready ${server.getEndpointUrl()}\n`);
  const stop = () => server.shutdown(0).then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  process.stderr.write(`node-opcua server failed: ${err.stack || err}\n`);
  process.exit(1);
});
