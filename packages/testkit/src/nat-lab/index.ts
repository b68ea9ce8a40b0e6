export {
  createNatLab,
  INTERNET_ADDRESS,
  MAX_HOMES,
  type Home,
  type LabNamespace,
  type NatLab,
  type Router,
  type RouterBehaviour,
} from './nat-lab.ts';
export { CONE, CONE_WITHOUT_UDP, SYMMETRIC, natRules } from './nat-rules.ts';
export { probeUdpMapping, type ProbeResult } from './udp-probe.ts';
export {
  launchChromiumIn,
  launchFirefoxIn,
  type LabChromium,
  type LabFirefox,
} from './lab-browsers.ts';
export {
  startLabSignalServer,
  LAB_SERVER_PORT,
  type LabSignalServer,
} from './lab-signal-server.ts';
