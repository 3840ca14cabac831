// The console's script and stylesheet are bundled as text (the Text rule in both wrangler files).
declare module "*/edgeprov-console.js" {
  const text: string;
  export default text;
}
declare module "*/edgeprov-console.css" {
  const text: string;
  export default text;
}
