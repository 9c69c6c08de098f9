namespace Supplychain.Evaluation;

/// <summary>Bad input to <c>evaluate</c> or <c>drift</c>: a file, column or value that cannot be used. The message names the file, the key and what is allowed; the CLI exits 2.</summary>
public sealed class EvaluationInputException(string message, Exception? inner = null) : Exception(message, inner);
