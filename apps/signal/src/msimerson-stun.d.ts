// The part of @msimerson/stun (a CommonJS package without types) that
// stun-message.ts uses. Declared by hand: names and signatures as in its src/.
declare module '@msimerson/stun' {
  interface StunAttribute {
    readonly type: number;
    readonly value: unknown;
  }

  /** A decoded message (the package's StunResponse) or one being built (StunRequest). */
  interface StunMessage {
    readonly type: number;
    readonly transactionId: Buffer;
    /** True when the magic cookie is missing: an RFC 3489 message. */
    isLegacy(): boolean;
    hasAttribute(type: number): boolean;
    getAttribute(type: number): StunAttribute | undefined;
  }

  interface StunOutgoingMessage extends StunMessage {
    /** Adds XOR-MAPPED-ADDRESS; undefined if the message has one already. */
    addXorAddress(address: string, port: number): StunAttribute | undefined;
    /** Adds FINGERPRINT, computed over everything before it: add it last. */
    addFingerprint(): boolean;
  }

  interface StunConstants {
    readonly STUN_BINDING_REQUEST: number;
    readonly STUN_BINDING_RESPONSE: number;
    readonly STUN_ATTR_XOR_MAPPED_ADDRESS: number;
    readonly STUN_ATTR_FINGERPRINT: number;
  }

  const stun: {
    /** Throws on anything it cannot parse (RangeError, binary-data's NotEnoughDataError...). */
    decode(message: Buffer): StunMessage;
    encode(message: StunMessage): Buffer;
    createMessage(type: number, transactionId?: Buffer): StunOutgoingMessage;
    /** True when the message has a FINGERPRINT and it matches the message re-encoded. */
    validateFingerprint(message: StunMessage): boolean;
    readonly constants: StunConstants;
  };
  export default stun;
}
