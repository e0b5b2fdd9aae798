// Smoke test from a client that is not ours (node-opcua): connects to a TwinUA station
// anonymously over SecurityPolicy None (the demo project allows it, read-only), browses to the
// plant, reads a process value, the standard redundancy nodes and some history, and prints JSON.
// Usage: node read-station.js opc.tcp://127.0.0.1:4840 urn:twinua:demo-plant
const {
  OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, DataType, BrowseDirection,
} = require("node-opcua-client");

async function main() {
  const [endpointUrl, plantNs] = process.argv.slice(2);
  const client = OPCUAClient.create({
    applicationName: "node-opcua smoke test",
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 2, initialDelay: 500, maxDelay: 1000 },
  });
  const out = {};
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession();
    const nsArray = await session.readNamespaceArray();
    const ns = nsArray.indexOf(plantNs);
    out.plantNamespaceIndex = ns;
    const objects = await session.browse({
      nodeId: "i=85", browseDirection: BrowseDirection.Forward, referenceTypeId: "HierarchicalReferences",
      includeSubtypes: true, nodeClassMask: 0, resultMask: 0x3f,
    });
    out.objects = objects.references.map((r) => r.browseName.name);
    const level = await session.read({ nodeId: `ns=${ns};s=Plant.Treatment.Tank1.Level`, attributeId: AttributeIds.Value });
    out.level = { status: level.statusCode.name, type: DataType[level.value.dataType], value: level.value.value };
    const read = async (nodeId) => {
      const dv = await session.read({ nodeId, attributeId: AttributeIds.Value });
      return { status: dv.statusCode.name, value: dv.value.value };
    };
    out.redundancySupport = await read("i=3709"); // Server_ServerRedundancy_RedundancySupport
    out.serviceLevel = await read("i=2267"); // Server_ServiceLevel
    const uris = await read("i=11314"); // Server_ServerRedundancy_ServerUriArray
    out.serverUriArray = { status: uris.status, value: uris.value ? Array.from(uris.value) : null };
    const end = new Date();
    const start = new Date(end.getTime() - 60 * 1000);
    const history = await session.readHistoryValue(
      { nodeId: `ns=${ns};s=Plant.Intake.Pump1.RunSeconds` }, start, end);
    out.history = {
      status: history.statusCode.name,
      values: history.historyData && history.historyData.dataValues ? history.historyData.dataValues.length : 0,
    };
    await session.close();
  } finally {
    await client.disconnect();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stderr.write(`node-opcua smoke test failed: ${err.message}\n`);
  process.exit(1);
});
