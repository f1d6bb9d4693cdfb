Console.WriteLine("skiff");
