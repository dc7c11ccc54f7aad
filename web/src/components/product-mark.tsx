/** The portal's mark: a drop, for the water and heat it follows. Decorative. */
export function ProductMark() {
  return (
    <svg className="product-mark" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--color-brand)" />
      <path d="M16 5c4.5 6 8 10.3 8 14a8 8 0 0 1-16 0c0-3.7 3.5-8 8-14z" fill="#fff" />
    </svg>
  );
}
