using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Skiff.Controllers.Tests")]
