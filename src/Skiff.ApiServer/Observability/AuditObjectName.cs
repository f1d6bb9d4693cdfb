namespace Skiff.ApiServer.Observability;

/// <summary>
/// A request feature carrying the name a create gave its object (the path has none, and generateName picks it late),
/// so the audit line can name it. Set on the request only while audit logging is on.
/// </summary>
public sealed class AuditObjectName
{
    public string? Name { get; set; }
}
