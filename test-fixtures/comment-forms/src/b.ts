const t = `STR-1 ${"// STR-1"} /* STR-1 */`;
const u = 'STR-1'; // TAG-1
/** @impl TAG-1 */
