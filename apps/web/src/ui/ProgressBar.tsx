/** An accessible progress bar: role progressbar with aria-valuenow in percent. */
export function ProgressBar({ label, fraction }: { label: string; fraction: number }) {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const percent = Math.floor(clamped * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%`}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${clamped})` }} />
    </div>
  );
}
