export function App() {
  return (
    <main>
      <h1>Shoal</h1>
      <p>Share files straight from your browser. Drop files here to get a link.</p>
    </main>
  );
}
