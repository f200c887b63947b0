/** What the worker learns from onnxruntime about the graph's inputs and outputs. */
export interface TensorInfo {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: readonly (number | string)[];
}

export interface SessionExpectations {
  inputName: string;
  outputName: string;
  otherOutputNames: string[];
  width: number;
  classes: number;
}

function lastDimIssue(tensor: TensorInfo, expected: number, what: string): string | undefined {
  const shape = tensor.shape ?? [];
  const last = shape[shape.length - 1];
  if (shape.length !== 2)
    return `${what} ${tensor.name} has shape [${shape}]; expected [batch, ${expected}]`;
  if (typeof last === "number" && last !== expected) {
    return `${what} ${tensor.name} has ${last} columns; the manifest implies ${expected}`;
  }
  return undefined;
}

/**
 * Checks the graph against what the manifest says: the input exists, is float32 and
 * [batch, width]; the probabilities output exists, is float32 and [batch, classes]; the other
 * named outputs exist. Returns one sentence per problem, for the person preparing the model.
 */
export function sessionIssues(
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
  expected: SessionExpectations,
): string[] {
  const issues: string[] = [];
  const input = inputs.find((candidate) => candidate.name === expected.inputName);
  if (input === undefined) {
    issues.push(
      `the model has no input ${expected.inputName} (it has: ${inputs.map((i) => i.name).join(", ")})`,
    );
  } else if (input.type !== "float32") {
    issues.push(`input ${input.name} is ${input.type ?? "not a tensor"}; expected float32`);
  } else {
    const issue = lastDimIssue(input, expected.width, "input");
    if (issue) issues.push(issue);
  }
  if (inputs.length > 1) {
    issues.push(`the model has ${inputs.length} inputs; ml-serving feeds exactly one`);
  }
  const names = outputs.map((output) => output.name).join(", ");
  const probabilities = outputs.find((candidate) => candidate.name === expected.outputName);
  if (probabilities === undefined) {
    issues.push(`the model has no output ${expected.outputName} (it has: ${names})`);
  } else if (probabilities.type !== "float32") {
    issues.push(
      `output ${probabilities.name} is ${probabilities.type ?? "not a tensor"}; expected float32`,
    );
  } else {
    const issue = lastDimIssue(probabilities, expected.classes, "output");
    if (issue) issues.push(issue);
  }
  for (const name of expected.otherOutputNames) {
    if (!outputs.some((output) => output.name === name)) {
      issues.push(`the model has no output ${name} (it has: ${names})`);
    }
  }
  return issues;
}
