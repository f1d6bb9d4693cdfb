using System.CommandLine;
using Skiff;

var root = new RootCommand("Skiff: a Kubernetes-compatible control plane in one binary") { UpCommand.Create(), ControllerManagerCommand.Create(), NodeCommand.Create(), SchedulerCommand.Create() };
return await root.Parse(args).InvokeAsync();
