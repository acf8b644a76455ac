console.log("open");
