declare module 'swagger-ui-dist/absolute-path.js' {
  /** The directory of the swagger-ui-dist package (its static files). */
  export default function getAbsoluteFSPath(): string;
}
