using System.Text.Json.Nodes;

namespace Skiff.Node.Stages;

/// <summary>What applying a stage to one pod produces: a strategic merge patch of its status, or its deletion, and events.</summary>
public sealed record StageOutcome(Stage Stage, JsonObject? StatusPatch, bool Delete, IReadOnlyList<StageEvent> Events);
