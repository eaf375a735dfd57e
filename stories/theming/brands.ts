/**
 * Three host brands, each nothing but values for the kit's `--tributary-*` tokens. A host puts them on the
 * provider's two nodes (`className` and `portalClassName`), since the kit declares its defaults on those nodes:
 * tokens set on an ancestor would be overridden there. Colours are `light-dark(light, dark)` pairs, like the
 * kit's own, so one brand serves both themes. Fonts are system stacks: nothing is downloaded.
 */
export type TokenName = `--tributary-${string}`;

export interface Brand {
  /** The class that carries the tokens. */
  className: string;
  name: string;
  tagline: string;
  tokens: Record<TokenName, string>;
}

const ledger: Brand = {
  className: 'brand-ledger',
  name: 'Ledger',
  tagline: 'Compact and square: an enterprise back office that fits a lot on one screen.',
  tokens: {
    '--tributary-font': "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', sans-serif",
    '--tributary-font-mono': "'Consolas', 'Liberation Mono', 'Courier New', monospace",
    '--tributary-font-size': '0.8125rem',
    '--tributary-font-size-sm': '0.75rem',
    '--tributary-font-size-xs': '0.6875rem',
    '--tributary-font-size-lg': '0.875rem',
    '--tributary-font-size-xl': '1rem',
    '--tributary-line-height': '1.35',
    '--tributary-color-bg': 'light-dark(#ffffff, #0e1621)',
    '--tributary-color-bg-subtle': 'light-dark(#f2f4f7, #152130)',
    '--tributary-color-fg': 'light-dark(#0d1b2a, #dde5ee)',
    '--tributary-color-muted': 'light-dark(#4a5868, #98a8ba)',
    '--tributary-color-border': 'light-dark(#d3d9e0, #24344a)',
    '--tributary-color-border-strong': 'light-dark(#9aa7b5, #3d5270)',
    '--tributary-color-accent': 'light-dark(#0a58a8, #5fa8ee)',
    '--tributary-color-accent-hover': 'light-dark(#08467f, #8cc2f4)',
    '--tributary-color-accent-fg': 'light-dark(#ffffff, #06111d)',
    '--tributary-color-accent-subtle': 'light-dark(#e4eef8, #0f2740)',
    '--tributary-color-danger': 'light-dark(#b01f14, #ff8a80)',
    '--tributary-color-danger-subtle': 'light-dark(#fbe9e7, #3a1512)',
    '--tributary-color-success': 'light-dark(#0b6b35, #5fd68e)',
    '--tributary-color-success-subtle': 'light-dark(#e3f3e9, #0f2c1b)',
    '--tributary-color-warning': 'light-dark(#8a4b00, #f5b94a)',
    '--tributary-color-warning-subtle': 'light-dark(#fbefdc, #33240c)',
    '--tributary-color-info': 'light-dark(#0b55a0, #7db8f2)',
    '--tributary-color-info-subtle': 'light-dark(#e4eef8, #10263e)',
    '--tributary-color-focus': 'light-dark(#0a58a8, #8cc2f4)',
    '--tributary-radius': '2px',
    '--tributary-radius-sm': '2px',
    '--tributary-radius-pill': '2px',
    '--tributary-space-1': '0.125rem',
    '--tributary-space-2': '0.3125rem',
    '--tributary-space-3': '0.5rem',
    '--tributary-space-4': '0.75rem',
    '--tributary-space-5': '1rem',
    '--tributary-control-height': '1.75rem',
    '--tributary-control-height-sm': '1.375rem',
    '--tributary-shadow': 'none',
  },
};

const sprout: Brand = {
  className: 'brand-sprout',
  name: 'Sprout',
  tagline: 'Round and roomy: a friendly consumer app with big touch targets.',
  tokens: {
    '--tributary-font': "ui-rounded, 'SF Pro Rounded', 'Arial Rounded MT Bold', 'Trebuchet MS', Verdana, sans-serif",
    '--tributary-font-size': '0.9375rem',
    '--tributary-font-size-sm': '0.875rem',
    '--tributary-font-size-xs': '0.8125rem',
    '--tributary-font-size-lg': '1.125rem',
    '--tributary-font-size-xl': '1.375rem',
    '--tributary-line-height': '1.6',
    '--tributary-color-bg': 'light-dark(#fffdfb, #1c1530)',
    '--tributary-color-bg-subtle': 'light-dark(#fdf1f8, #261c3f)',
    '--tributary-color-fg': 'light-dark(#2d1846, #f4edff)',
    '--tributary-color-muted': 'light-dark(#674d80, #c2b2de)',
    '--tributary-color-border': 'light-dark(#f0d5e8, #3a2c5a)',
    '--tributary-color-border-strong': 'light-dark(#d9a6cb, #5a4785)',
    '--tributary-color-accent': 'light-dark(#a0198f, #f3a6ea)',
    '--tributary-color-accent-hover': 'light-dark(#7e1271, #f8c8f2)',
    '--tributary-color-accent-fg': 'light-dark(#ffffff, #2a0a27)',
    '--tributary-color-accent-subtle': 'light-dark(#fbe6f7, #3d1a45)',
    '--tributary-color-danger': 'light-dark(#b4123a, #ff8fa8)',
    '--tributary-color-danger-subtle': 'light-dark(#fde8ee, #3e1424)',
    '--tributary-color-success': 'light-dark(#177245, #6ee0a4)',
    '--tributary-color-success-subtle': 'light-dark(#e2f6ea, #16302a)',
    '--tributary-color-warning': 'light-dark(#8f5200, #ffc963)',
    '--tributary-color-warning-subtle': 'light-dark(#fff1d9, #3a2a12)',
    '--tributary-color-info': 'light-dark(#3346b8, #a9b6ff)',
    '--tributary-color-info-subtle': 'light-dark(#eaedff, #23254d)',
    '--tributary-color-focus': 'light-dark(#d43fc0, #f8c8f2)',
    '--tributary-radius': '1.25rem',
    '--tributary-radius-sm': '999px',
    '--tributary-radius-pill': '999px',
    '--tributary-space-1': '0.375rem',
    '--tributary-space-2': '0.625rem',
    '--tributary-space-3': '1rem',
    '--tributary-space-4': '1.25rem',
    '--tributary-space-5': '2rem',
    '--tributary-control-height': '2.75rem',
    '--tributary-control-height-sm': '2.25rem',
    '--tributary-shadow': '0 4px 0 light-dark(#f0d5e8, #120c22)',
  },
};

const broadsheet: Brand = {
  className: 'brand-broadsheet',
  name: 'Broadsheet',
  tagline: 'Serif and quiet: an editorial tool that reads like a newspaper.',
  tokens: {
    '--tributary-font': "Charter, 'Bitstream Charter', 'Iowan Old Style', 'Palatino Linotype', Georgia, 'Times New Roman', serif",
    '--tributary-font-mono': "'Courier New', Courier, monospace",
    '--tributary-font-size': '1rem',
    '--tributary-font-size-sm': '0.9375rem',
    '--tributary-font-size-xs': '0.8125rem',
    '--tributary-font-size-lg': '1.3125rem',
    '--tributary-font-size-xl': '1.625rem',
    '--tributary-line-height': '1.55',
    '--tributary-color-bg': 'light-dark(#fbf8f1, #1a1815)',
    '--tributary-color-bg-subtle': 'light-dark(#f2ecdf, #23201b)',
    '--tributary-color-fg': 'light-dark(#1d1a16, #ece6da)',
    '--tributary-color-muted': 'light-dark(#5a5246, #b5ac9c)',
    '--tributary-color-border': 'light-dark(#ddd2bd, #3a352d)',
    '--tributary-color-border-strong': 'light-dark(#1d1a16, #ece6da)',
    '--tributary-color-accent': 'light-dark(#7b1d1d, #eba597)',
    '--tributary-color-accent-hover': 'light-dark(#5c1313, #f4c4ba)',
    '--tributary-color-accent-fg': 'light-dark(#fbf8f1, #1a1815)',
    '--tributary-color-accent-subtle': 'light-dark(#f3e3dc, #3a2420)',
    '--tributary-color-danger': 'light-dark(#a3161a, #ff9a8f)',
    '--tributary-color-danger-subtle': 'light-dark(#f8e4df, #3b1a17)',
    '--tributary-color-success': 'light-dark(#2a6130, #8fd19a)',
    '--tributary-color-success-subtle': 'light-dark(#e5efdf, #1e2e1f)',
    '--tributary-color-warning': 'light-dark(#7d4a00, #e8bb6a)',
    '--tributary-color-warning-subtle': 'light-dark(#f6ead2, #332814)',
    '--tributary-color-info': 'light-dark(#24497a, #9fbfe6)',
    '--tributary-color-info-subtle': 'light-dark(#e3e9f0, #1c2636)',
    '--tributary-color-focus': 'light-dark(#7b1d1d, #eba597)',
    '--tributary-radius': '0',
    '--tributary-radius-sm': '0',
    '--tributary-radius-pill': '0',
    '--tributary-space-1': '0.25rem',
    '--tributary-space-2': '0.5rem',
    '--tributary-space-3': '0.875rem',
    '--tributary-space-4': '1.25rem',
    '--tributary-space-5': '2rem',
    '--tributary-control-height': '2.5rem',
    '--tributary-control-height-sm': '2rem',
    '--tributary-shadow': 'none',
    '--tributary-shadow-dialog': '0 0 0 1px light-dark(#1d1a16, #ece6da), 12px 12px 0 light-dark(rgb(29 26 22 / 0.12), rgb(0 0 0 / 0.5))',
  },
};

export const brands = { ledger, sprout, broadsheet } satisfies Record<string, Brand>;
export type BrandId = keyof typeof brands;

/** The brands as the host's stylesheet would have them: one class per brand, tokens only. */
export function brandStylesheet(): string {
  return Object.values(brands)
    .map(({ className, tokens }) => {
      const body = Object.entries(tokens)
        .map(([name, value]) => `  ${name}: ${value};`)
        .join('\n');
      return `.${className} {\n${body}\n}`;
    })
    .join('\n');
}
