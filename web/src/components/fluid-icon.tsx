export type Fluid = 'hot-water' | 'cold-water' | 'heating';

/** A decorative pictogram for each fluid; its colour comes from the fluid's CSS class. */
export function FluidIcon({ fluid }: { fluid: Fluid }) {
  return (
    <svg className="fluid-icon" viewBox="0 0 24 24" width="36" height="36" aria-hidden="true" focusable="false">
      {fluid === 'heating' ? (
        <path
          d="M4 20V9m4 11V7m4 13V9m4 11V7m4 13V9M2 20h20M3 6c1.5-1 1.5-2.5 0-3.5M12 5c1.5-1 1.5-2.5 0-3.5M21 6c1.5-1 1.5-2.5 0-3.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        />
      ) : (
        <path d="M12 2.5c4 5.2 7 9 7 12.3a7 7 0 0 1-14 0c0-3.3 3-7.1 7-12.3z" fill="currentColor" />
      )}
      {fluid === 'hot-water' && (
        <path d="M12 10.5c1.9 2.1 3 3.7 3 5.1a3 3 0 0 1-6 0c0-1 .6-2 1.4-2.8.1.9.6 1.5 1.2 1.7-.4-1.4 0-2.7.4-4z" fill="#fff" />
      )}
      {fluid === 'cold-water' && <path d="M9 15.5a3 3 0 0 0 3 3" fill="none" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />}
    </svg>
  );
}
