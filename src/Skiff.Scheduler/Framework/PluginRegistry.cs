using Skiff.Scheduler.Plugins;

namespace Skiff.Scheduler.Framework;

/// <summary>Plugin names mapped to factories, as upstream's in-tree registry; a profile names the plugins it enables.</summary>
public sealed class PluginRegistry
{
    private readonly Dictionary<string, Func<FrameworkHandle, IPlugin>> factories = new(StringComparer.Ordinal);

    /// <summary>Every plugin Skiff implements, under upstream's names.</summary>
    public static PluginRegistry InTree()
    {
        var registry = new PluginRegistry();
        registry.Register(SchedulingGates.PluginName, _ => new SchedulingGates());
        registry.Register(NodeUnschedulable.PluginName, _ => new NodeUnschedulable());
        registry.Register(NodeName.PluginName, _ => new NodeName());
        registry.Register(TaintToleration.PluginName, _ => new TaintToleration());
        registry.Register(NodeAffinity.PluginName, _ => new NodeAffinity());
        registry.Register(NodePorts.PluginName, _ => new NodePorts());
        registry.Register(NodeResourcesFit.PluginName, _ => new NodeResourcesFit());
        registry.Register(PodTopologySpread.PluginName, handle => new PodTopologySpread(handle));
        registry.Register(InterPodAffinity.PluginName, handle => new InterPodAffinity(handle));
        registry.Register(DefaultPreemption.PluginName, handle => new DefaultPreemption(handle));
        registry.Register(NodeResourcesBalancedAllocation.PluginName, _ => new NodeResourcesBalancedAllocation());
        return registry;
    }

    public void Register(string name, Func<FrameworkHandle, IPlugin> factory)
    {
        if (!factories.TryAdd(name, factory))
        {
            throw new ArgumentException($"a plugin named \"{name}\" already exists", nameof(name));
        }
    }

    /// <summary>Instantiates the profile's plugins in the profile's order.</summary>
    public SchedulingFramework Build(SchedulerProfile profile, FrameworkHandle handle)
    {
        var plugins = new List<IPlugin>(profile.Plugins.Count);
        foreach (var enabled in profile.Plugins)
        {
            if (!factories.TryGetValue(enabled.Name, out var factory))
            {
                throw new ArgumentException($"plugin \"{enabled.Name}\" does not exist", nameof(profile));
            }

            plugins.Add(factory(handle));
        }

        var framework = new SchedulingFramework(profile, plugins);
        handle.Framework = framework;
        return framework;
    }
}
