// Typed-array widths of the ids the engine stores per page / per event, tied to LIMITS:
// ids.test.ts checks that every limit fits its array type with the "none" value reserved.
// Nodes (what NUMA and the policies see) and initiators (who accesses) outgrow 255 with pools
// and VMs (a 64-host pod with 32 multi-headed devices has a node per host slice; a 256-host
// fabric with 512 CXL devices has 768 nodes and more), so both are 16-bit; tiers stay 8-bit
// (LIMITS.tiers). Per-device tables of a host or device index (Topology.deviceHost,
// VmPages.extentDevice) are Int16Array: ids.test.ts checks them too.

/** A memory node id per page / queued move / event; NO_NODE = no memory. */
export const NodeIdArray = Uint16Array;
export type NodeIdArray = Uint16Array;
export const NO_NODE = 0xffff;

/** An initiator (host today, VM later) id per page. */
export const InitiatorIdArray = Uint16Array;
export type InitiatorIdArray = Uint16Array;

/** A memory tier index per node / initiator; NO_TIER = reaches no memory. */
export const TierArray = Uint8Array;
export type TierArray = Uint8Array;
export const NO_TIER = 0xff;
