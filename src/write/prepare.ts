// The writers validate and filter through the same functions as the pipeline.
export { validateDocument } from "../contract.js";
export { dropNotApplicable } from "../validate.js";
