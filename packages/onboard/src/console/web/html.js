// Preact with htm's tagged templates: components in plain ES modules, no JSX, no build step.
import htm from 'htm';
import { h } from 'preact';

export const html = htm.bind(h);
