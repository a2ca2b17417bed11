import { installHelpBanner } from './help-banner';
import { answerTabInfo } from './tab-info';

/** What every page does for the menu, whether or not its targets are drawn: tell its title, show the help banner. */
export function installMenuServices(deps: { drawsTargets(): boolean }): void {
  answerTabInfo(deps.drawsTargets);
  installHelpBanner();
}
