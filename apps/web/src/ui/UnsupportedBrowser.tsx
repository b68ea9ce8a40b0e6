import { describeMissing, type MissingFeature } from './browser-support.ts';

/** Shown instead of the share and download pages in a browser Shoal cannot work in. */
export function UnsupportedBrowser({
  missing,
  downloading,
}: {
  missing: readonly MissingFeature[];
  /** The page is a download link (else the home page). */
  downloading: boolean;
}) {
  return (
    <section className="card">
      <h2>This browser cannot {downloading ? 'download' : 'share'} with Shoal</h2>
      <p className="notice error" role="alert">
        It lacks {describeMissing(missing)}. Open {downloading ? 'this link' : 'Shoal'} in a current
        Firefox, Chrome, Edge or Safari, with WebRTC turned on (some privacy settings and extensions
        turn it off).
      </p>
    </section>
  );
}
