namespace Skiff.Scheduler.Framework;

/// <summary>A plugin enabled in a profile, with the weight its normalized score is multiplied by.</summary>
public sealed record PluginWeight(string Name, int Weight = 1);
