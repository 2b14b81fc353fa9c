using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Dashboard.Bench.VersionMatrixBenchmarks).Assembly).Run(args);
