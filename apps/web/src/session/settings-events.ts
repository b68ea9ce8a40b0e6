// Running sessions listen here so a changed setting applies without a reload.
const listeners = new Set<() => void>();

export function onSettingsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function settingsChanged(): void {
  for (const listener of listeners) listener();
}
