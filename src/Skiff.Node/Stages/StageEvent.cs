namespace Skiff.Node.Stages;

/// <summary>An event a stage records on the pod when it is applied (rendered from the stage's event templates).</summary>
public sealed record StageEvent(string Type, string Reason, string Message);
