/** "25.1 MB", for messages about file sizes (counted in characters). */
export function megabytes(characters: number): string {
  return `${(characters / 1024 / 1024).toFixed(1)} MB`;
}
