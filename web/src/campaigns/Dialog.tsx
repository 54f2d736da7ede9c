/** The platform dialog lives in components/Dialog.tsx; campaigns import it from here too. */
export { Dialog } from "../components/Dialog";
