/** The banner: the product's name and what it is for, and the About command. */
import { APP_NAME } from '../app-identity';
import { CommandButton } from './CommandButton';

export function AppHeader() {
  return (
    <header className="app-header">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
          <rect x="3" y="17" width="6" height="12" rx="1" />
          <rect x="13" y="11" width="6" height="18" rx="1" />
          <rect x="23" y="4" width="6" height="25" rx="1" />
        </svg>
        <span className="brand-name">{APP_NAME}</span>
        <span className="brand-tagline">SEND and alternative provision placement costs under national bands and tariffs</span>
      </div>
      <CommandButton command="help.about" className="header-button">
        About
      </CommandButton>
    </header>
  );
}
