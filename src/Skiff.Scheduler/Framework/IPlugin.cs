namespace Skiff.Scheduler.Framework;

/// <summary>A scheduling plugin: a name (as in upstream's profiles) and one or more extension-point interfaces.</summary>
public interface IPlugin
{
    string Name { get; }
}
