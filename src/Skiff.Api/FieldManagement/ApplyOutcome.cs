using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>The object an apply produced (before defaulting), its managedFields, and whether the object changed.</summary>
public sealed record ApplyOutcome(JsonObject Merged, ManagedFieldSets Managed, bool Changed);
