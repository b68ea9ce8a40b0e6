import { useFormats } from '../i18n/use-formats.ts';

/** An accessible progress bar: role progressbar with aria-valuenow in percent. */
export function ProgressBar({ label, fraction }: { label: string; fraction: number }) {
  const formats = useFormats();
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.floor(clamped * 100)}
      // "33 %" the page's language's way, said by screen readers instead of the bare number.
      aria-valuetext={formats.percent(clamped)}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${clamped})` }} />
    </div>
  );
}
