import { answerTitleRequests } from './page-title';
import { installHelpBanner } from './help-banner';

/** What every page does for the menu, whether or not its targets are drawn: its title, the help banner. */
export function installMenuServices(): void {
  answerTitleRequests();
  installHelpBanner();
}
