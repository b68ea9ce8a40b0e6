export * from './frames.ts';
export * from './manifest.ts';
export { WIRE_ERROR_CODES, type WireError, type WireErrorCode } from './wire-error.ts';
export {
  decodeFrame,
  encodedFrameSize,
  encodeFrame,
  encodePieceFrame,
  truncateReason,
} from './frame-codec.ts';
export { PIECE_FRAME_PREFIX_BYTES, REQUEST_BYTES } from './frame-layout.ts';
export { isGoodbyeCode } from './frame-rules.ts';
export {
  InvalidManifestError,
  MANIFEST_ERROR_CODES,
  type ManifestError,
  type ManifestErrorCode,
} from './manifest-error.ts';
export { decodeManifest, encodeManifest, validateManifest } from './manifest-codec.ts';
export { pieceCount, pieceLength, pieceLengthFor, totalSize } from './manifest-math.ts';
export {
  foldPath,
  pathCollision,
  pathProblem,
  validatePath,
  type PathCollision,
  type PathProblem,
} from './paths.ts';
export {
  codePointLabel,
  describeHiddenCharacter,
  replaceHiddenCharacters,
  type HiddenCharacter,
  type HiddenCharacterKind,
} from './hidden-characters.ts';
export {
  ASSEMBLY_ERROR_CODES,
  ManifestAssembler,
  splitManifest,
  type AssemblyError,
  type AssemblyErrorCode,
} from './manifest-assembler.ts';
