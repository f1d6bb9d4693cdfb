using System.CommandLine;
using Skiff;
using Skiff.Api.Serialization;

// First, before any component serializes a model (docs/BENCHMARKS.md, Memory).
ModelJsonContracts.UseReflection();

var root = new RootCommand("Skiff: a Kubernetes-compatible control plane in one binary") { UpCommand.Create(), ControllerManagerCommand.Create(), NodeCommand.Create(), SchedulerCommand.Create() };
return await root.Parse(args).InvokeAsync();
